import { telegramMtprotoApiTest } from './credentialTest';
import { searchCalls, searchChats } from './listSearch';

export const credentialTest = { telegramMtprotoApiTest };

export const listSearch = { searchCalls, searchChats };
