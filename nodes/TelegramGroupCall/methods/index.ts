import { telegramMtprotoApiTest } from './credentialTest';
import { searchCalls } from './listSearch';

export const credentialTest = { telegramMtprotoApiTest };

export const listSearch = { searchCalls };
