import { realpathSync } from 'node:fs';

import { PackageDirectoryLoader } from 'n8n-core';
import {
	NodeHelpers,
	UnexpectedError,
	type ICredentialType,
	type IDataObject,
	type INodeType,
	type INodeTypes,
	type IVersionedNodeType,
} from 'n8n-workflow';

import { prepareEngine } from './engineSetup';
import { HarnessInputNode, INPUT_NODE_TYPE } from './inputNode';

/** A community package as n8n sees it after loading the "n8n" section of its package.json. */
export interface LoadedPackage {
	packageName: string;
	/** Resolves both `<package>.<node>` names and the harness's own input node. */
	nodeTypes: INodeTypes;
	/** Full n8n type name (`<package name>.<node name>`) of a node in this package. */
	fullNodeType(nodeName: string): string;
	credentialType(name: string): ICredentialType;
}

const loadedByDirectory = new Map<string, Promise<LoadedPackage>>();

/** Loads a package directory once per process, the way n8n loads an installed community package. */
export async function loadPackage(packageDir: string): Promise<LoadedPackage> {
	const directory = realpathSync(packageDir);
	let loaded = loadedByDirectory.get(directory);
	if (!loaded) {
		loaded = loadPackageUncached(directory);
		loadedByDirectory.set(directory, loaded);
		// A failed load (e.g. the package was not built yet) must not poison later attempts.
		loaded.catch(() => loadedByDirectory.delete(directory));
	}
	return await loaded;
}

async function loadPackageUncached(directory: string): Promise<LoadedPackage> {
	prepareEngine();
	const loader = new PackageDirectoryLoader(directory);
	await loader.loadAll();
	const { packageName } = loader;
	const prefix = `${packageName}.`;
	const inputNode = new HarnessInputNode();

	const getByName = (type: string): INodeType | IVersionedNodeType => {
		if (type === INPUT_NODE_TYPE) return inputNode;
		if (!type.startsWith(prefix)) {
			throw new UnexpectedError(`Node type "${type}" is not in package "${packageName}"`);
		}
		return loader.getNode(type.slice(prefix.length)).type;
	};

	const nodeTypes: INodeTypes = {
		getByName,
		getByNameAndVersion: (type, version) => NodeHelpers.getVersionedNodeType(getByName(type), version),
		getKnownTypes: () => {
			const known: IDataObject = {};
			for (const [name, details] of Object.entries(loader.known.nodes)) {
				known[prefix + name] = { ...details };
			}
			return known;
		},
	};

	return {
		packageName,
		nodeTypes,
		fullNodeType: (nodeName) => {
			if (!(nodeName in loader.nodeTypes)) {
				throw new UnexpectedError(`Package "${packageName}" has no node named "${nodeName}"`, {
					extra: { known: Object.keys(loader.nodeTypes) },
				});
			}
			return prefix + nodeName;
		},
		credentialType: (name) => loader.getCredential(name).type,
	};
}
