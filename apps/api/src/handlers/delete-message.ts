import { sendProblem, sendValidationProblem } from '@gitops-lab/service-kit';
import type { RequestHandler } from 'express';
import type { Counter } from 'prom-client';
import { validateMessageId } from '../messages/validation.js';
import type { MessageRepository } from '../storage/message-repository.js';

/** DELETE /api/messages/:id: 204, or 404 when there is no such message. */
export function deleteMessage(
  repository: MessageRepository,
  messages: Counter<'operation'>,
): RequestHandler {
  return async (req, res) => {
    const id = validateMessageId(String(req.params.id));
    if (!id.ok) {
      sendValidationProblem(res, id.errors);
      return;
    }
    if (!(await repository.delete(id.value))) {
      sendProblem(res, {
        status: 404,
        title: 'Not Found',
        detail: `No message with id ${id.value}.`,
      });
      return;
    }
    messages.inc({ operation: 'deleted' });
    res.status(204).end();
  };
}
