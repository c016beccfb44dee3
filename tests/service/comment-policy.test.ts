import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { moderateComment } from '../../server/moderation/moderation-service.ts';
import { forEachDatabase } from '../helpers/for-each-database.ts';
import { outcome, startServiceWorld, type ServiceWorld } from '../helpers/service-context.ts';

/** What a post becomes under the site's policy: its status, or the code that refused it. */
forEachDatabase('the comment policy, called as a service', (database) => {
	let world: ServiceWorld;
	const status = async (actor: Awaited<ReturnType<ServiceWorld['newReader']>>, body: string) => {
		const result = await outcome(world.post(actor, body));
		return typeof result === 'string' ? result : result.status;
	};

	beforeAll(async () => {
		world = await startServiceWorld(database.env());
	});

	beforeEach(async () => {
		await world.saveSettings({});
	});

	afterAll(async () => {
		await world?.close();
	});

	describe('pre-moderation', () => {
		it('none (the default) publishes at once', async () => {
			expect(await status(await world.newReader(), 'Bonjour à tous')).toBe('published');
		});

		it('first-time holds a new commenter until one comment is approved', async () => {
			await world.saveSettings({ preModeration: 'first' });
			const reader = await world.newReader();
			const first = await world.post(reader, 'Mon tout premier commentaire');
			expect(first.status).toBe('held');
			expect(await status(reader, 'Un deuxième, toujours en attente')).toBe('held');
			await moderateComment(world.ctx, world.moderator, { commentId: first.id, action: 'approve' });
			expect(await status(reader, 'Maintenant je suis connu')).toBe('published');
			expect(await status(await world.newReader(), 'Je suis nouveau ici')).toBe('held');
		});

		it('all holds even a commenter with approved comments', async () => {
			const reader = await world.newReader();
			expect(await status(reader, 'Publié avant le changement')).toBe('published');
			await world.saveSettings({ preModeration: 'all' });
			expect(await status(reader, 'Après le changement')).toBe('held');
		});
	});

	describe('words and links', () => {
		it('a banned word rejects the comment, as a whole word, whatever its case or accents', async () => {
			await world.saveSettings({ bannedWords: ['arnaque', 'con'] });
			const reader = await world.newReader();
			expect(await status(reader, 'Cet article est une ARNAQUÉ totale')).toBe('REJECTED');
			expect(await status(reader, 'Le contexte compte beaucoup ici')).toBe('published');
		});

		it('a suspect word holds the comment', async () => {
			await world.saveSettings({ suspectWords: ['casino'] });
			expect(await status(await world.newReader(), 'Venez jouer au casino en ligne')).toBe('held');
		});

		it('more links than allowed hold the comment', async () => {
			const reader = await world.newReader();
			expect(
				await status(reader, 'Voir https://a.example et https://b.example pour les sources')
			).toBe('published');
			expect(
				await status(reader, 'Liens : https://a.example https://b.example www.c.example')
			).toBe('held');
		});
	});

	it('the same text from the same reader within ten minutes is a duplicate', async () => {
		const reader = await world.newReader();
		expect(await status(reader, 'Je répète  ceci')).toBe('published');
		expect(await status(reader, 'je répète ceci ')).toBe('DUPLICATE');
		expect(await status(await world.newReader(), 'Je répète ceci')).toBe('published');
	});
});
