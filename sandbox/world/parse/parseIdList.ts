import { checkDecimalId } from './fields';
import { childPath, type Issues } from './issues';
import { USER_ID } from './rules';

/** A list of user ids (members, participants, invited): every id well-formed, listed once, and a known user. */
export function parseUserIdList(
	list: readonly unknown[] | undefined,
	path: string,
	issues: Issues,
	knownUserIds: ReadonlySet<string>,
): string[] {
	const ids: string[] = [];
	const seen = new Set<string>();
	(list ?? []).forEach((value, index) => {
		const elementPath = childPath(path, index);
		const id = checkDecimalId(value, elementPath, issues, USER_ID);
		if (id === undefined) return;
		if (seen.has(id)) {
			issues.add(elementPath, `lists "${id}" a second time: remove the repeat`);
			return;
		}
		seen.add(id);
		if (!knownUserIds.has(id)) {
			issues.add(elementPath, `no user has id "${id}": add that user to "users" (or use me.id), or remove it from this list`);
		}
		ids.push(id);
	});
	return ids;
}
