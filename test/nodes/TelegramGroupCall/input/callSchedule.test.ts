import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import fc from 'fast-check';
import { DateTime } from 'luxon';

import { MAX_CALL_TITLE_LENGTH, readCallTitle } from '../../../../nodes/TelegramGroupCall/input/callTitle';
import { readDateTime } from '../../../../nodes/TelegramGroupCall/input/dateTimeValue';
import { OptionValueError } from '../../../../nodes/TelegramGroupCall/input/optionValues';
import { parseChatReference } from '../../../../nodes/TelegramGroupCall/input/parseChatReference';
import { scheduleSeconds } from '../../../../nodes/TelegramGroupCall/input/scheduleDate';

function refusal(read: () => unknown): string {
	try {
		read();
	} catch (error) {
		assert.ok(error instanceof OptionValueError, String(error));
		return error.message;
	}
	assert.fail('expected a refusal');
}

/** Titles without white space at the ends or runs of it, as a person writes them; any Unicode. */
const cleanTitle = (maxLength: number, minLength = 1) =>
	fc
		.array(fc.oneof(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }), fc.constantFrom('a', 'Z', '7', 'é', '🎉')), { minLength, maxLength })
		.map((chars) => chars.join('').replace(/\s+/gu, ' ').trim())
		.filter((title) => title.length > 0 && [...title].length >= minLength && [...title].length <= maxLength);

/** Instants from 1990 to 2100, whole milliseconds. */
const instant = fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2100, 0, 1) });

describe('readCallTitle', () => {
	it('keeps any title of 1 to 64 characters, trimmed, with runs of white space (new lines too) as one space', () => {
		fc.assert(
			fc.property(cleanTitle(MAX_CALL_TITLE_LENGTH), fc.constantFrom('', ' ', '\n', '\t '), (title, padding) => {
				assert.equal(readCallTitle(`${padding}${title.replace(/ /gu, ' \n ')}${padding}`), title);
			}),
		);
	});

	it('refuses any title longer than 64 characters, naming the field, the limit and the length', () => {
		fc.assert(
			fc.property(cleanTitle(200, MAX_CALL_TITLE_LENGTH + 1), (title) => {
				const message = refusal(() => readCallTitle(title));
				assert.match(message, /^"Title" can have at most 64 characters \(Telegram's limit\), but it has \d+\. Shorten it\.$/u);
				assert.ok(message.includes(`has ${[...title].length}.`), message);
			}),
		);
	});

	it('reads an empty cell, null, undefined or blank text as "no title" (the chat\'s title)', () => {
		for (const value of [undefined, null, '', '   ', '\n\t']) assert.equal(readCallTitle(value), undefined, JSON.stringify(value));
	});

	it('reads numbers and booleans from sheets as their text, and refuses objects and arrays naming the field', () => {
		fc.assert(fc.property(fc.integer(), (value) => assert.equal(readCallTitle(value), String(value))));
		assert.equal(readCallTitle(true), 'true');
		fc.assert(
			fc.property(fc.oneof(fc.object(), fc.array(fc.anything())), (value) => {
				assert.match(refusal(() => readCallTitle(value)), /^"Title" must be text, but it is an? (object|array)/u);
			}),
		);
	});
});

describe('readDateTime', () => {
	it('reads the same instant from ISO text (Z or an offset), a JS Date, a Luxon DateTime, Unix seconds and milliseconds', () => {
		fc.assert(
			fc.property(instant, fc.integer({ min: -12 * 60, max: 14 * 60 }), (ms, offsetMinutes) => {
				const iso = new Date(ms).toISOString();
				assert.equal(readDateTime(iso, 'Start At', 'UTC'), ms);
				const shifted = DateTime.fromMillis(ms, { zone: 'UTC' }).setZone(`UTC${offsetMinutes >= 0 ? '+' : '-'}${Math.floor(Math.abs(offsetMinutes) / 60)}:${String(Math.abs(offsetMinutes) % 60).padStart(2, '0')}`);
				assert.equal(readDateTime(shifted.toISO(), 'Start At', 'Asia/Tokyo'), ms, String(shifted.toISO()));
				assert.equal(readDateTime(new Date(ms), 'Start At', 'UTC'), ms);
				assert.equal(readDateTime(DateTime.fromMillis(ms), 'Start At', 'UTC'), ms);
				const seconds = Math.floor(ms / 1000);
				assert.equal(readDateTime(seconds, 'Start At', 'UTC'), seconds * 1000);
				assert.equal(readDateTime(String(seconds), 'Start At', 'UTC'), seconds * 1000);
				assert.equal(readDateTime(ms, 'Start At', 'UTC'), ms);
			}),
		);
	});

	it("reads text without a zone as wall-clock time in the workflow's time zone, as Luxon does (DST gaps aside)", () => {
		const zones = ['Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe', 'Pacific/Chatham', 'UTC'];
		fc.assert(
			fc.property(instant, fc.constantFrom(...zones), (ms, zone) => {
				const wall = DateTime.fromMillis(ms, { zone }).startOf('second');
				const text = wall.toFormat("yyyy-MM-dd'T'HH:mm:ss");
				const reference = DateTime.fromISO(text, { zone });
				// In an hour the clocks skip, or the repeated hour of autumn, two readings are defensible: skip those.
				fc.pre(reference.toMillis() === wall.toMillis());
				assert.equal(readDateTime(text, 'Start At', zone), reference.toMillis(), `${text} in ${zone}`);
			}),
		);
	});

	it('refuses empty values and anything that is not a date, naming the field and the accepted forms', () => {
		for (const value of [undefined, null, '', '  ']) assert.match(refusal(() => readDateTime(value, 'Start At', 'UTC')), /^"Start At" is empty: give an ISO 8601/u);
		const notDates = ['tomorrow', '2026-02-30T10:00:00Z', '2026-13-01', '24/12/2026', '2026-12-24T25:00:00Z', -5, Number.NaN, Infinity, true, [], {}, DateTime.invalid('bad')];
		for (const value of notDates) {
			assert.match(refusal(() => readDateTime(value, 'Start At', 'UTC')), /^"Start At" must be an ISO 8601 date and time/u, String(value));
		}
		fc.assert(
			fc.property(fc.string().filter((text) => !/^\s*\d/u.test(text)), (text) => {
				assert.match(refusal(() => readDateTime(text, 'Start At', 'UTC')), /^"Start At" (must be|is empty)/u);
			}),
		);
	});
});

describe('scheduleSeconds', () => {
	it("accepts exactly Telegram's window, 10 seconds to 8 days ahead, and refuses the rest naming the field", () => {
		const now = Date.UTC(2026, 11, 2, 10, 0, 0);
		fc.assert(
			fc.property(fc.integer({ min: -10 * 86_400, max: 20 * 86_400 }), (aheadSeconds) => {
				const at = now + aheadSeconds * 1000;
				if (aheadSeconds >= 10 && aheadSeconds <= 8 * 86_400) {
					assert.equal(scheduleSeconds(at, now, 'Start At'), now / 1000 + aheadSeconds);
					return;
				}
				const message = refusal(() => scheduleSeconds(at, now, 'Start At'));
				assert.match(message, /^"Start At" \(\d{4}-\d\d-\d\dT[\d:.]+Z\) (is in the past|is only \d s ahead|is more than 8 days ahead): Telegram schedules calls from 10 seconds to 8 days ahead\./u);
			}),
		);
	});
});

describe('parseChatReference', () => {
	it('reads chats as the Call parameter does and refuses a call id or an empty value, naming the Chat parameter', () => {
		const channel = parseChatReference('-1000000002006');
		assert.ok(channel.ok);
		assert.deepEqual(channel.reference, { kind: 'chatId', key: 'channel:2006', chatId: '2006', chatKind: 'channel' });
		const link = parseChatReference('https://t.me/Quiet_Room?videochat');
		assert.ok(link.ok && link.reference.kind === 'chatUsername' && link.reference.username === 'quiet_room');
		const byId = parseChatReference('3001:9001');
		assert.ok(!byId.ok && /names a call/u.test(byId.reason));
		for (const value of ['', null, undefined]) {
			const empty = parseChatReference(value);
			assert.ok(!empty.ok && /Chat parameter is empty/u.test(empty.reason));
		}
		const nonsense = parseChatReference('not a chat!');
		assert.ok(!nonsense.ok && !nonsense.reason.includes('<callId>'), JSON.stringify(nonsense));
	});
});
