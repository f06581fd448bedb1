export { spec, type Spec, type SpecContext, type E2eEnv, type StepOptions } from './spec';
export { Workbench } from './workbench';
