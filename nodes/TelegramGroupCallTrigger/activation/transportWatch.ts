import type { StartWatch } from './activateTrigger';

/**
 * The transport's shared watch connection (issue 12's transport half: `watchCalls`). Until it is in the
 * transport, activation says so instead of failing obscurely.
 */
export const startTransportWatch: StartWatch = async () => {
	throw new Error('The call watch connection is not in this build of the package yet (the transport part of issue 12).');
};
