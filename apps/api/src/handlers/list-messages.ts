import { sendValidationProblem } from '@gitops-lab/service-kit';
import type { RequestHandler } from 'express';
import { encodeCursor } from '../messages/cursor.js';
import { validateListQuery } from '../messages/validation.js';
import type { MessageRepository } from '../storage/message-repository.js';

/** GET /api/messages?limit=&cursor=: newest first, `nextCursor` null on the last page. */
export function listMessages(repository: MessageRepository): RequestHandler {
  return async (req, res) => {
    const query = validateListQuery(req.query as Record<string, unknown>);
    if (!query.ok) {
      sendValidationProblem(res, query.errors);
      return;
    }
    const page = await repository.list(query.value);
    res.json({
      items: page.items,
      nextCursor: page.nextBefore === undefined ? null : encodeCursor(page.nextBefore),
    });
  };
}
