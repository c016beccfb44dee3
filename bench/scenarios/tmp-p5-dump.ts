import { writeFileSync } from 'node:fs';
import { createSessionCookies, SLUG, startFil } from '../lib/fil-instance.ts';
import { FilPoster } from '../lib/posters.ts';
const COMMENTS = 1000;
const READERS = 20;
const WORDS =
	'le la les un une des modèle coût calcul énergie question objectif article réponse lecture données usage prix serveur entraînement inférence puce mémoire réseau électricité avenir'.split(
		' '
	);

/** A small deterministic generator (mulberry32), so every run seeds the same thread. */
function random(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = Math.imul(a ^ (a >>> 15), 1 | a);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/**
 * 1,000 comments through the socket, as readers write them: 40 % start a thread, the rest
 * answer one of the 40 latest comments (a conversation moves on); bodies of 10 to 90 words.
 */
async function seedThread(url: string): Promise<void> {
	const rand = random(42);
	const posters = await Promise.all(
		(await createSessionCookies(url, 8)).map((c) => FilPoster.connect(url, c))
	);
	const ids: number[] = [];
	for (let i = 0; i < COMMENTS; i += posters.length) {
		const batch = posters.map(async (poster, j) => {
			const n = i + j;
			const words = Array.from(
				{ length: 10 + Math.floor(rand() * 80) },
				() => WORDS[Math.floor(rand() * WORDS.length)]
			);
			const recent = ids.slice(-40);
			const parentId =
				n % 5 < 2 || recent.length === 0 ? null : recent[Math.floor(rand() * recent.length)];
			const { comment } = await poster.emit<{ comment: { id: number } }>('comment:post', {
				slug: SLUG,
				parentId,
				body: `${words.join(' ')}.`,
				name: `Lectrice ${j + 1}`,
				email: `lectrice-${j + 1}@example.org`,
				idempotencyKey: `seed-comment-${n}`
			});
			return comment.id;
		});
		ids.push(...(await Promise.all(batch)));
	}
	for (const p of posters) p.close();
}


const fil = await startFil();
try {
	await seedThread(fil.url);
	for (const q of ['', '?tri=newest']) {
		const html = await (await fetch(`${fil.url}/articles/${SLUG}${q}`)).text();
		writeFileSync(`/tmp/p5tools/page${q ? '-newest' : ''}.html`, html);
		console.log(q, Buffer.byteLength(html), (html.match(/id="comment-\d+"/g) ?? []).length);
	}
} finally {
	await fil.stop();
}
