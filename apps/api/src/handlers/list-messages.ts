import { sendValidationProblem } from '@gitops-lab/service-kit';
import type { RequestHandler } from 'express';
import { encodeCursor } from '../messages/cursor.js';
import { validateListQuery } from '../messages/validation.js';
import type { MessagePage, MessageRepository } from '../storage/message-repository.js';
import { type RenderedJson, renderJson, sendRenderedJson } from './rendered-json.js';

/** GET /api/messages?limit=&cursor=: newest first, `nextCursor` null on the last page. */
export function listMessages(repository: MessageRepository): RequestHandler {
  // The list cache hands out the same page object until a write: its JSON is rendered once.
  const rendered = new WeakMap<MessagePage, RenderedJson>();
  return async (req, res) => {
    const query = validateListQuery(req.query as Record<string, unknown>);
    if (!query.ok) {
      sendValidationProblem(res, query.errors);
      return;
    }
    const page = await repository.list(query.value);
    let response = rendered.get(page);
    if (!response) {
      response = renderJson(req, {
        items: page.items,
        nextCursor: page.nextBefore === undefined ? null : encodeCursor(page.nextBefore),
      });
      rendered.set(page, response);
    }
    sendRenderedJson(res, response);
  };
}
