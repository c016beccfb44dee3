import { expect, test } from '@playwright/test';
import { ARTICLE, commentWith, fillAndPost, unique } from './thread-helpers.ts';

test.use({ javaScriptEnabled: false });

test('without JavaScript the article reads and the form posts through the redirect', async ({
	page
}) => {
	await page.goto(ARTICLE);
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Coût de l’IA');
	await expect(page.locator('.ia-block').first()).toContainText('Texte produit par une IA');
	await expect(page.getByText('Alors d’après vous, c’est quoi l’objectif ?')).toBeVisible();
	// No live indicator without the live link; the copy field still holds the address.
	await expect(page.getByText('En direct')).toHaveCount(0);
	await expect(page.getByLabel('Lien de l’article')).toHaveValue(/\/articles\/cout-de-l-ia$/);

	const text = unique('Sans JavaScript aussi on peut répondre');
	await fillAndPost(page, {
		body: `${text}\n\nVoir https://example.org/source.`,
		name: 'Nadia',
		email: 'nadia@example.org',
		website: 'https://nadia.example.org'
	});

	await expect(page).toHaveURL(/#comment-\d+$/);
	const comment = commentWith(page, text);
	await expect(comment).toBeVisible();
	await expect(comment.locator('.body p')).toHaveCount(2);
	await expect(comment.getByRole('link', { name: 'https://example.org/source' })).toHaveAttribute(
		'rel',
		'nofollow ugc noopener'
	);
	await expect(comment.getByRole('link', { name: 'Nadia' })).toHaveAttribute(
		'href',
		'https://nadia.example.org'
	);
	await expect(comment.getByRole('link', { name: 'Nadia' })).toHaveAttribute(
		'rel',
		'nofollow ugc noopener'
	);
});

test('without JavaScript errors show next to their fields and the values are kept', async ({
	page
}) => {
	await page.goto(ARTICLE);
	const text = unique('Un commentaire qu’il ne faut pas perdre');
	await fillAndPost(page, {
		body: text,
		name: '',
		email: 'pas-une-adresse',
		website: 'ftp://exemple.org'
	});

	const form = page.locator('#laisser-un-commentaire');
	await expect(form.locator('#name-error')).toHaveText('Indiquez votre nom.');
	await expect(form.locator('#email-error')).toHaveText('Cette adresse e-mail n’est pas valide.');
	await expect(form.locator('#website-error')).toContainText('http:// ou https://');
	await expect(form.getByRole('alert')).toContainText('Certains champs ne sont pas valides.');
	await expect(form.getByLabel('Nom *')).toHaveAttribute('aria-invalid', 'true');
	await expect(form.getByLabel('Commentaire *')).toHaveValue(text);
	await expect(form.getByLabel('E-mail *')).toHaveValue('pas-une-adresse');
	await expect(form.getByLabel('Site web')).toHaveValue('ftp://exemple.org');
	await expect(commentWith(page, text)).toHaveCount(0);

	// Corrected, it goes through.
	await form.getByLabel('Nom *').fill('Hugo');
	await form.getByLabel('E-mail *').fill('hugo@example.org');
	await form.getByLabel('Site web').fill('');
	await form.getByRole('button', { name: 'Publier le commentaire' }).click();
	await expect(commentWith(page, text)).toBeVisible();
	await expect(page.locator('.field-error')).toHaveCount(0);
});

test('without JavaScript a reader replies, reacts, edits and deletes through plain forms', async ({
	page
}) => {
	await page.goto(ARTICLE);
	const first = unique('Premier avis sans script');
	await fillAndPost(page, { body: first, name: 'Inès', email: 'ines@example.org' });
	const comment = commentWith(page, first);
	await expect(comment).toBeVisible();

	// React: a tiny form; the count and the pressed state come back with the page.
	await comment.getByRole('button', { name: /^J’adore/ }).click();
	await expect(
		commentWith(page, first).getByRole('button', { name: 'J’adore : 1' })
	).toHaveAttribute('aria-pressed', 'true');

	// Reply: a link that opens the form under the comment.
	await commentWith(page, first).getByRole('link', { name: 'Répondre' }).click();
	await expect(page).toHaveURL(/repondre=\d+/);
	const reply = unique('Je me réponds à moi-même');
	const parentId = Number(new URL(page.url()).searchParams.get('repondre'));
	await fillAndPost(page, { body: reply, name: 'Inès', email: 'ines@example.org' }, parentId);
	await expect(page.locator(`#comment-${parentId} > ol.replies`).getByText(reply)).toBeVisible();

	// Edit within the quarter of an hour.
	await commentWith(page, reply).getByRole('link', { name: 'Modifier' }).click();
	const edited = unique('Réponse corrigée');
	await page.getByLabel('Modifier votre commentaire').fill(edited);
	await page.getByRole('button', { name: 'Enregistrer' }).click();
	await expect(commentWith(page, edited)).toContainText('modifié');

	// Delete the parent: it has a reply, so a placeholder stays.
	await commentWith(page, first).getByRole('link', { name: 'Supprimer' }).click();
	await page.getByRole('button', { name: 'Oui, supprimer' }).click();
	await expect(page.locator(`#comment-${parentId}`)).toContainText('Commentaire supprimé');
	await expect(page.getByText(first)).toHaveCount(0);
	await expect(commentWith(page, edited)).toBeVisible();
});

test('without JavaScript a reader reports a comment on a page of its own', async ({
	page,
	browser
}) => {
	// Someone else's comment: nobody is offered to report their own.
	const writer = await browser.newContext({ javaScriptEnabled: false });
	const writerPage = await writer.newPage();
	await writerPage.goto(ARTICLE);
	const text = unique('Un avis que quelqu’un trouvera hors sujet');
	await fillAndPost(writerPage, { body: text, name: 'Paul', email: 'paul@example.org' });
	await expect(commentWith(writerPage, text)).toBeVisible();
	await expect(commentWith(writerPage, text).getByRole('link', { name: 'Signaler' })).toHaveCount(
		0
	);
	const at = writerPage.url();
	await writer.close();

	await page.goto(at);
	await commentWith(page, text).getByRole('link', { name: 'Signaler' }).click();
	await expect(page.getByRole('heading', { name: 'Signaler un commentaire' })).toBeVisible();
	await expect(page.locator('blockquote')).toContainText(text);
	await page.getByLabel('Hors sujet').check();
	await page.getByRole('button', { name: 'Envoyer le signalement' }).click();
	await expect(page.getByRole('status')).toHaveText('Merci : votre signalement a été transmis.');
	await page.getByRole('link', { name: 'Retour au commentaire' }).click();
	await expect(commentWith(page, text)).toBeVisible();

	// Once is enough: a second report says so, the form kept.
	await commentWith(page, text).getByRole('link', { name: 'Signaler' }).click();
	await page.getByRole('button', { name: 'Envoyer le signalement' }).click();
	await expect(page.getByRole('alert')).not.toBeEmpty();
	await expect(page.getByRole('button', { name: 'Envoyer le signalement' })).toBeVisible();
});

test('without JavaScript the sort links are plain links', async ({ page }) => {
	await page.goto(ARTICLE);
	await page.getByRole('link', { name: 'Plus récents' }).click();
	await expect(page).toHaveURL(/\?tri=newest#commentaires$/);
	await expect(page.getByRole('link', { name: 'Plus récents' })).toHaveAttribute(
		'aria-current',
		'true'
	);
});
