export {
	runNodeInEngine,
	type EngineRun,
	type RecordedError,
	type RunNodeOptions,
} from './runNodeInEngine';
export type { TestCredentials } from './credentialsHelper';
export { INPUT_NODE_NAME } from './inputNode';
