import { FeedItemDraftSchema, type FeedItem, type FeedItemDraft, type FeedProblem } from '../../feeds/feed.js';

/** Validates an adapter's drafts; invalid ones become problems (the rest go on). */
export function validItems(drafts: readonly FeedItemDraft[]): { items: FeedItem[]; problems: FeedProblem[] } {
  const items: FeedItem[] = [];
  const problems: FeedProblem[] = [];
  for (const draft of drafts) {
    const parsed = FeedItemDraftSchema.safeParse(draft);
    if (parsed.success) items.push(parsed.data);
    else {
      const issue = parsed.error.issues[0];
      problems.push({ ref: typeof draft.externalId === 'string' ? draft.externalId : '(item)', message: `invalid item: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'rejected'}` });
    }
  }
  return { items, problems };
}
