/** The configuration webview's public surface for the rest of the extension. */
export { ConfigurationPanels, registerConfigurationPanels, showConfiguration, type ConfigPanelDeps } from './configPanels';
export type { ConfigPanelController, UpdateValidator } from './controller';
export { CONFIG_PANEL_VIEW_TYPE, type FunctionRef } from './protocol';
