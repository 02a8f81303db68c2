import { sendValidationProblem } from '@gitops-lab/service-kit';
import type { RequestHandler } from 'express';
import type { Counter } from 'prom-client';
import { validateNewMessage } from '../messages/validation.js';
import type { MessageRepository } from '../storage/message-repository.js';

/** POST /api/messages {author, text}: 201 with the stored message and its Location. */
export function createMessage(
  repository: MessageRepository,
  pod: string,
  messages: Counter<'operation'>,
): RequestHandler {
  return async (req, res) => {
    const input = validateNewMessage(req.body);
    if (!input.ok) {
      sendValidationProblem(res, input.errors);
      return;
    }
    const message = await repository.create({ ...input.value, pod });
    messages.inc({ operation: 'created' });
    res.status(201).location(`/api/messages/${message.id}`).json(message);
  };
}
