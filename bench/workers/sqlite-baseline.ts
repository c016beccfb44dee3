/**
 * The P3 baseline: the rows a posted comment writes (the comment, the article's event
 * counter, the event), inserted with raw better-sqlite3 — statements prepared once, one
 * transaction per comment — on the app's schema (its migrations) and the app's pragmas.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { openDatabase, SQLITE_PRAGMAS } from '../../server/db/database.ts';
import { migrateToLatest } from '../../server/db/migrate.ts';
import { Samples } from '../lib/samples.ts';
import { boundLifetime, now, onCommand, reply } from './worker-kit.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'fil-bench-sqlite-'));
const handle = openDatabase({ dataDir });
await migrateToLatest(handle.db, 'sqlite');
await handle.close();

const db = new SQLite(join(dataDir, 'fil.sqlite'));
for (const pragma of SQLITE_PRAGMAS) db.pragma(pragma);
const stamp = new Date().toISOString();
db.prepare(
	`INSERT INTO articles (slug, title, closed, last_event_id, created_at) VALUES ('a', 'A', 0, 0, ?)`
).run(stamp);
db.prepare(
	`INSERT INTO identities (id, kind, name, email, website, email_verified, banned, created_at, updated_at)
	 VALUES ('reader', 'reader', 'Lecteur', 'lecteur@example.org', NULL, 0, 0, ?, ?)`
).run(stamp, stamp);

const insertComment = db.prepare(
	`INSERT INTO comments (article_slug, root_id, parent_id, reply_to_id, depth, identity_id, author_name,
	 author_website, is_author, body, status, pinned, notify, idempotency_key, ip_hash, reaction_count,
	 created_at, edited_at, edited_by_author)
	 VALUES ('a', NULL, NULL, NULL, 0, 'reader', 'Lecteur', NULL, 0, ?, 'published', 0, 0, ?, 'iphash', 0, ?, NULL, 0)
	 RETURNING *`
);
const nextEvent = db.prepare(
	`UPDATE articles SET last_event_id = last_event_id + 1 WHERE slug = 'a' RETURNING last_event_id`
);
const insertEvent = db.prepare(
	`INSERT INTO events (article_slug, id, type, comment_id, created_at) VALUES ('a', ?, 'comment:created', ?, ?)`
);
let seq = 0;
const write = db.transaction(() => {
	const n = ++seq;
	const at = new Date().toISOString();
	const row = insertComment.get(
		`bench:${n}:${at}\nUn commentaire de charge, d’une longueur raisonnable pour un fil.`,
		`raw-${n}`,
		at
	) as { id: number };
	const { last_event_id } = nextEvent.get() as { last_event_id: number };
	insertEvent.run(last_event_id, row.id, at);
});

boundLifetime();
process.on('exit', () => rmSync(dataDir, { recursive: true, force: true }));
process.on('SIGTERM', () => process.exit(0));
onCommand<{ type: 'run'; seconds: number } | { type: 'close' }>(async (m) => {
	if (m.type === 'close') process.exit(0);
	const latencies = new Samples();
	const started = now();
	const deadline = started + m.seconds * 1000;
	let count = 0;
	while (now() < deadline) {
		const t = now();
		write();
		latencies.push(now() - t);
		count++;
	}
	reply({ type: 'done', count, elapsedMs: now() - started, latencies: latencies.take() });
});
reply({ type: 'ready' });
