import {
	ICredentialsHelper,
	NodeHelpers,
	UnexpectedError,
	type ICredentialDataDecryptedObject,
	type ICredentials,
	type IHttpRequestOptions,
	type INodeCredentialsDetails,
	type INodeParameters,
	type INodeProperties,
	type IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

import type { LoadedPackage } from './packageLoader';

/** Test credential data per credential type name, as a user would have typed it into n8n. */
export type TestCredentials = Record<string, ICredentialDataDecryptedObject>;

/**
 * Serves credentials from memory instead of n8n's encrypted database. Like n8n's own helper it
 * fills in the credential type's defaults and keeps only declared fields, so a node under test sees
 * what it would see in n8n (a field the credential type does not declare does not reach the node).
 */
export class TestCredentialsHelper extends ICredentialsHelper {
	constructor(
		private readonly loadedPackage: LoadedPackage,
		private readonly credentials: TestCredentials,
	) {
		super();
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		const data = this.credentials[type];
		if (data === undefined) {
			throw new UnexpectedError(`The test gave no credentials of type "${type}"`);
		}
		const withDefaults = NodeHelpers.getNodeParameters(
			this.getCredentialsProperties(type),
			data as INodeParameters,
			true,
			false,
			null,
			null,
		);
		return (withDefaults ?? {}) as ICredentialDataDecryptedObject;
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		return this.loadedPackage.credentialType(type).properties;
	}

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(
		_credentials: ICredentialDataDecryptedObject,
		_typeName: string,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		return requestOptions;
	}

	async preAuthentication(): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async runPreAuthentication(): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	// Stored credentials are only read or written by OAuth token refresh, which nothing here uses.
	async getCredentials(): Promise<ICredentials> {
		throw new UnexpectedError('The harness keeps no stored credentials');
	}

	async updateCredentials(): Promise<void> {
		throw new UnexpectedError('The harness keeps no stored credentials');
	}

	async updateCredentialsOauthTokenData(): Promise<void> {
		throw new UnexpectedError('The harness keeps no stored credentials');
	}
}
