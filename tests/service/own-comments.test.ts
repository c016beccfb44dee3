import { afterAll, beforeAll, expect, it } from 'vitest';
import { LIMITS } from '../../server/contract/schemas.ts';
import { deleteOwnComment, editOwnComment } from '../../server/comments/own-comment-service.ts';
import { forEachDatabase } from '../helpers/for-each-database.ts';
import { outcome, startServiceWorld, type ServiceWorld } from '../helpers/service-context.ts';

forEachDatabase('a writer’s own comments, called as services', (database) => {
	let world: ServiceWorld;

	beforeAll(async () => {
		world = await startServiceWorld(database.env());
	});

	afterAll(async () => {
		await world?.close();
	});

	const rowsWithBody = (body: string) =>
		world.ctx.db.selectFrom('comments').select(['id', 'body']).where('body', '=', body).execute();

	/** Moves a comment's writing time back, as if its writer came back later. */
	const age = (id: number, ms: number) =>
		world.ctx.db
			.updateTable('comments')
			.set({ created_at: new Date(Date.now() - ms).toISOString() })
			.where('id', '=', id)
			.execute();

	it('a post sent again with its key (a retry after a lost answer) is one comment', async () => {
		const reader = await world.newReader();
		const key = 'retry-key-0001';
		const first = await world.post(reader, 'Envoyé deux fois', { idempotencyKey: key });
		const again = await world.post(reader, 'Envoyé deux fois', { idempotencyKey: key });
		expect(again.id).toBe(first.id);
		expect(await rowsWithBody('Envoyé deux fois')).toHaveLength(1);
		// Another browser's key is its own.
		const other = await world.post(await world.newReader(), 'Un autre texte', {
			idempotencyKey: key
		});
		expect(other.id).not.toBe(first.id);
	});

	it('can be edited and deleted by its writer within the window, by nobody else', async () => {
		const writer = await world.newReader();
		const comment = await world.post(writer, 'Un texte avec une fote');
		const stranger = await world.newReader();
		const edit = { commentId: comment.id, body: 'Un texte avec une faute corrigée' };
		expect(await outcome(editOwnComment(world.ctx, stranger, edit))).toBe('FORBIDDEN');
		const edited = await editOwnComment(world.ctx, writer, edit);
		expect(edited.body).toBe('Un texte avec une faute corrigée');
		expect(edited.editedAt).not.toBeNull();
		expect(await outcome(deleteOwnComment(world.ctx, stranger, { commentId: comment.id }))).toBe(
			'FORBIDDEN'
		);
		await deleteOwnComment(world.ctx, writer, { commentId: comment.id });
		expect(await rowsWithBody('Un texte avec une faute corrigée')).toEqual([
			{ id: comment.id, body: 'Un texte avec une faute corrigée' }
		]);
		expect(await outcome(editOwnComment(world.ctx, writer, edit))).toBe('NOT_FOUND');
	});

	it('cannot be changed once the edit window is over', async () => {
		const writer = await world.newReader();
		const comment = await world.post(writer, 'Écrit il y a longtemps');
		await age(comment.id, LIMITS.editWindowMs + 60_000);
		const edit = { commentId: comment.id, body: 'Réécrit trop tard' };
		expect(await outcome(editOwnComment(world.ctx, writer, edit))).toBe('EDIT_WINDOW_OVER');
		expect(await outcome(deleteOwnComment(world.ctx, writer, { commentId: comment.id }))).toBe(
			'EDIT_WINDOW_OVER'
		);
		expect(await rowsWithBody('Écrit il y a longtemps')).toHaveLength(1);
		// Just inside the window, it still can.
		const recent = await world.post(writer, 'Écrit il y a un moment');
		await age(recent.id, LIMITS.editWindowMs - 60_000);
		expect(
			(await editOwnComment(world.ctx, writer, { commentId: recent.id, body: 'Corrigé' })).body
		).toBe('Corrigé');
	});
});
