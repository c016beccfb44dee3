import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../server/context/app-context.ts';
import { banCommenter, unbanCommenter } from '../../server/moderation/ban-service.ts';
import { reportComment } from '../../server/moderation/report-service.ts';
import { setThreadClosed } from '../../server/moderation/thread-close-service.ts';
import { SLUG } from '../helpers/fixtures.ts';
import { forEachDatabase } from '../helpers/for-each-database.ts';
import { outcome, startServiceWorld, type ServiceWorld } from '../helpers/service-context.ts';

forEachDatabase('reports, bans and closed threads, called as services', (database) => {
	let world: ServiceWorld;

	beforeAll(async () => {
		world = await startServiceWorld(database.env());
	});

	beforeEach(async () => {
		await world.saveSettings({});
	});

	afterAll(async () => {
		await world?.close();
	});

	const statusOf = async (id: number) =>
		(
			await world.ctx.db
				.selectFrom('comments')
				.select('status')
				.where('id', '=', id)
				.executeTakeFirstOrThrow()
		).status;

	const report = (actor: Actor, commentId: number) =>
		outcome(reportComment(world.ctx, actor, { commentId, reason: 'abuse' }));

	describe('reports', () => {
		it('hold a comment once the threshold of people is reached, counting one address once', async () => {
			await world.saveSettings({ reportThreshold: 2 });
			const target = await world.post(await world.newReader('198.51.100.1'), 'Un avis discuté');
			// Two browsers (identities) from one address: one person.
			expect(await report(await world.newReader('198.51.100.2'), target.id)).toEqual({
				commentId: target.id
			});
			await report(await world.newReader('198.51.100.2'), target.id);
			expect(await statusOf(target.id)).toBe('published');
			await report(await world.newReader('198.51.100.3'), target.id);
			expect(await statusOf(target.id)).toBe('held');
		});

		it('count once per reader, and never the writer’s own', async () => {
			await world.saveSettings({ reportThreshold: 3 });
			const writer = await world.newReader();
			const target = await world.post(writer, 'Un avis que l’on signale deux fois');
			const reporter = await world.newReader();
			await report(reporter, target.id);
			expect(await report(reporter, target.id)).toBe('DUPLICATE');
			expect(await report(writer, target.id)).toBe('FORBIDDEN');
			expect(await statusOf(target.id)).toBe('published');
		});
	});

	describe('bans', () => {
		it('refuse the banned reader and, with the address, a new browser from it; rejecting all removes its comments', async () => {
			const banned = await world.newReader('198.18.0.9');
			const first = await world.post(banned, 'Premier message du futur banni');
			const second = await world.post(banned, 'Second message du futur banni');
			const ban = { commentId: first.id, includeIp: true, rejectAll: true };
			expect(await banCommenter(world.ctx, world.moderator, ban)).toEqual({ rejected: 2 });
			expect([await statusOf(first.id), await statusOf(second.id)]).toEqual([
				'rejected',
				'rejected'
			]);
			expect(await outcome(world.post(banned, 'Je reviens'))).toBe('BANNED');
			const sameAddress = await world.newReader('198.18.0.9');
			expect(await outcome(world.post(sameAddress, 'Nouveau navigateur'))).toBe('BANNED');
			const elsewhere = await world.newReader('198.18.0.10');
			expect((await world.post(elsewhere, 'Une autre personne')).status).toBe('published');
		});

		it('without the address refuse only the reader; lifting the ban lets it write again', async () => {
			const banned = await world.newReader('198.18.1.1');
			const comment = await world.post(banned, 'Un message avant le bannissement');
			const ban = { commentId: comment.id, includeIp: false, rejectAll: false };
			expect(await banCommenter(world.ctx, world.moderator, ban)).toEqual({ rejected: 0 });
			expect(await statusOf(comment.id)).toBe('published');
			expect(await outcome(world.post(banned, 'Encore moi'))).toBe('BANNED');
			const sameAddress = await world.newReader('198.18.1.1');
			expect((await world.post(sameAddress, 'Même adresse, autre personne')).status).toBe(
				'published'
			);
			await unbanCommenter(world.ctx, world.moderator, { identityId: banned.identityId });
			expect((await world.post(banned, 'De retour')).status).toBe('published');
		});

		it('never hold or ban the author', async () => {
			await world.saveSettings({ preModeration: 'all', suspectWords: ['casino'] });
			const own = await world.post(world.author, 'Le casino de la réponse de l’autrice');
			expect(own.status).toBe('published');
			const ban = { commentId: own.id, includeIp: true, rejectAll: true };
			expect(await outcome(banCommenter(world.ctx, world.moderator, ban))).toBe('FORBIDDEN');
			expect(await statusOf(own.id)).toBe('published');
		});
	});

	it('a closed thread refuses posts until it is reopened', async () => {
		const reader = await world.newReader();
		await setThreadClosed(world.ctx, world.moderator, { slug: SLUG, closed: true });
		expect(await outcome(world.post(reader, 'Trop tard ?'))).toBe('THREAD_CLOSED');
		await setThreadClosed(world.ctx, world.moderator, { slug: SLUG, closed: false });
		expect((await world.post(reader, 'Rouvert !')).status).toBe('published');
	});
});
