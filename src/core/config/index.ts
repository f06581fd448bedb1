export {
  BINDING_FILE,
  bindingFunctionSettings,
  bindingPath,
  formatBinding,
  loadBinding,
  orderBinding,
  parseBinding,
  readBinding,
  validateBinding,
  writeBinding,
  type Binding,
  type LoadedBinding,
} from './binding';
export { BINDING_KEY_ORDER } from './bindingShape';
export { bindingFromFunction } from './bindingFromFunction';
export { editBindingFile, editBindingText, type BindingEdit } from './bindingEdit';
export { codeRootEscapes, resolveCodeRoot } from './codeRoot';
export * from './validateFunction';
