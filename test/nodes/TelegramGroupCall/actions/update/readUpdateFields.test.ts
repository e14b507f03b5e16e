/**
 * Update Fields as they arrive from the editor, sheets and expressions: generated spellings of every field,
 * each with its meaning worked out here from the documented rules (docs/node.md, "Update"), never by asking
 * the reader. The reader must give exactly the requests the meanings call for, or refuse naming the field.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import fc from 'fast-check';
import type { IDataObject } from 'n8n-workflow';

import { readUpdateFields, type UpdatePlan } from '../../../../../nodes/TelegramGroupCall/actions/groupCall/update/readUpdateFields';
import { OptionValueError } from '../../../../../nodes/TelegramGroupCall/input/optionValues';

type Value = IDataObject[string];
/** A spelling and what it means: a value, "unset" (as if never added), or unreadable. */
type Spelling<T> = { value: Value; meaning: { kind: 'set'; value: T } | { kind: 'unset' } | { kind: 'bad' } };

const set = <T>(value: Value, meant: T): Spelling<T> => ({ value, meaning: { kind: 'set', value: meant } });
const unset = (value: Value): Spelling<never> => ({ value, meaning: { kind: 'unset' } });
const bad = (value: Value): Spelling<never> => ({ value, meaning: { kind: 'bad' } });

const emptySpellings = [undefined, null, '', '   '].map(unset);

const switchArbitrary: fc.Arbitrary<Spelling<boolean>> = fc.constantFrom(
	...emptySpellings,
	...[true, 'true', 'TRUE ', ' True', 1, '1'].map((value) => set(value, true)),
	...[false, 'false', 'False', 0, '0', ' 0 '].map((value) => set(value, false)),
	...['yes', 'no', 2, -1, 'on', 'truee'].map(bad),
	bad([true]),
	bad({ value: true }),
);

const titleArbitrary: fc.Arbitrary<Spelling<string>> = fc.oneof(
	fc.constantFrom(...emptySpellings),
	fc.string({ minLength: 1, maxLength: 64 }).filter((text) => text.trim() !== '').map((text) => set(text, text.trim())),
	fc.string({ minLength: 1, maxLength: 60 }).filter((text) => text.trim() !== '').map((text) => set(`  ${text}  `, text.trim())),
	fc.integer({ min: -1_000_000, max: 1_000_000 }).map((number) => set(number, String(number))),
	fc.string({ minLength: 65, maxLength: 120 }).filter((text) => text.trim().length > 64).map(bad),
	fc.constantFrom(bad(true), bad(['a title']), bad({ text: 'x' }), bad(Number.NaN)),
);

const recordingArbitrary: fc.Arbitrary<Spelling<'unchanged' | 'start' | 'stop'>> = fc.constantFrom(
	...emptySpellings,
	set('unchanged', 'unchanged'),
	set('start', 'start'),
	set(' START', 'start'),
	set('stop', 'stop'),
	set('Stop ', 'stop'),
	bad('begin'),
	bad(true),
	bad(1),
);

const orientationArbitrary: fc.Arbitrary<Spelling<'landscape' | 'portrait'>> = fc.constantFrom(
	...emptySpellings,
	set('landscape', 'landscape'),
	set('portrait', 'portrait'),
	set('PORTRAIT', 'portrait'),
	bad('vertical'),
	bad(0),
);

interface Generated {
	title?: Spelling<string>;
	joinMuted?: Spelling<boolean>;
	resetInviteLink?: Spelling<boolean>;
	recording?: Spelling<'unchanged' | 'start' | 'stop'>;
	recordingTitle?: Spelling<string>;
	recordVideo?: Spelling<boolean>;
	videoOrientation?: Spelling<'landscape' | 'portrait'>;
}

const generatedArbitrary: fc.Arbitrary<Generated> = fc.record(
	{
		title: titleArbitrary,
		joinMuted: switchArbitrary,
		resetInviteLink: switchArbitrary,
		recording: recordingArbitrary,
		recordingTitle: titleArbitrary,
		recordVideo: switchArbitrary,
		videoOrientation: orientationArbitrary,
	},
	{ requiredKeys: [] },
);

const DISPLAY_NAMES: Record<keyof Generated, string> = {
	title: 'Title',
	joinMuted: 'Join Muted',
	resetInviteLink: 'Reset Invite Link',
	recording: 'Recording',
	recordingTitle: 'Recording Title',
	recordVideo: 'Record Video',
	videoOrientation: 'Video Orientation',
};

/** The oracle: the plan the documented rules give, or the display name of the field a refusal must name. */
function expected(generated: Generated): { plan: UpdatePlan } | { refuses: string } {
	const keys = Object.keys(DISPLAY_NAMES) as Array<keyof Generated>;
	// The reader may report the first unreadable field in its own order; any unreadable one is acceptable.
	const unreadable = keys.filter((key) => generated[key]?.meaning.kind === 'bad');
	if (unreadable.length > 0) return { refuses: unreadable.map((key) => DISPLAY_NAMES[key]).join('|') };
	const value = <T>(spelling: Spelling<T> | undefined): T | undefined => (spelling?.meaning.kind === 'set' ? spelling.meaning.value : undefined);
	const action = value(generated.recording) ?? 'unchanged';
	const recordingTitle = value(generated.recordingTitle);
	const recordVideo = value(generated.recordVideo);
	const orientation = value(generated.videoOrientation);
	if (action !== 'start') {
		const startOnly = (['recordingTitle', 'recordVideo', 'videoOrientation'] as const).filter((key) => value(generated[key] as Spelling<unknown>) !== undefined);
		if (startOnly.length > 0) return { refuses: startOnly.map((key) => DISPLAY_NAMES[key]).join('|') };
	} else if (orientation !== undefined && recordVideo !== true) return { refuses: DISPLAY_NAMES.videoOrientation };
	const plan: UpdatePlan = {};
	const title = value(generated.title);
	if (title !== undefined) plan.title = title;
	const joinMuted = value(generated.joinMuted);
	const reset = value(generated.resetInviteLink) === true;
	if (joinMuted !== undefined || reset) plan.settings = { ...(joinMuted === undefined ? {} : { joinMuted }), ...(reset ? { resetInviteLink: true } : {}) };
	if (action === 'stop') plan.recording = { start: false };
	if (action === 'start') {
		plan.recording = {
			start: true,
			...(recordingTitle === undefined ? {} : { title: recordingTitle }),
			...(recordVideo === true ? { video: true, videoPortrait: orientation === 'portrait' } : {}),
		};
	}
	if (Object.keys(plan).length === 0) return { refuses: 'Update Fields' };
	return { plan };
}

function raw(generated: Generated): IDataObject {
	const result: IDataObject = {};
	for (const [key, spelling] of Object.entries(generated) as Array<[string, Spelling<unknown>]>) result[key] = spelling.value;
	return result;
}

describe('readUpdateFields', () => {
	it('turns any mix of spellings into exactly the requests they mean, or refuses naming the field', () => {
		fc.assert(
			fc.property(generatedArbitrary, (generated) => {
				const want = expected(generated);
				let plan: UpdatePlan | undefined;
				let refusal: unknown;
				try {
					plan = readUpdateFields(raw(generated));
				} catch (error) {
					refusal = error;
				}
				if ('plan' in want) {
					assert.equal(refusal, undefined, `refused ${String(refusal)}`);
					assert.deepEqual(plan, want.plan);
				} else {
					assert.ok(refusal instanceof OptionValueError, `expected a refusal naming ${want.refuses}, got ${JSON.stringify(plan)}`);
					assert.match(refusal.message, new RegExp(`"(${want.refuses})"`));
				}
			}),
			{ numRuns: 2000 },
		);
	});

	it('refuses a title over 64 characters before anything is sent, saying how long it is', () => {
		assert.throws(() => readUpdateFields({ title: 'x'.repeat(65) }), /"Title" is 65 characters long; Telegram allows at most 64/);
		assert.deepEqual(readUpdateFields({ title: ` ${'x'.repeat(64)} ` }), { title: 'x'.repeat(64) });
		assert.throws(() => readUpdateFields({ title: '😀'.repeat(33) }), /66 characters long.*emoji count as two/);
	});

	it('says what to add when nothing is set, naming the collection', () => {
		for (const empty of [{}, { title: '' }, { resetInviteLink: false }, { recording: 'unchanged' }, { joinMuted: null }]) {
			assert.throws(() => readUpdateFields(empty), /Nothing to update: add at least one field under "Update Fields"/);
		}
	});

	it('keeps "Join Muted: false" as a change to send (turning it off), unlike "Reset Invite Link: false"', () => {
		assert.deepEqual(readUpdateFields({ joinMuted: 'false' }), { settings: { joinMuted: false } });
	});
});
