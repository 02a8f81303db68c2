import { Counter, type Registry } from 'prom-client';

/** guestbook_messages_total{operation="created"|"deleted"}: writes served by this pod. */
export function createMessagesCounter(registry: Registry): Counter<'operation'> {
  return new Counter({
    name: 'guestbook_messages_total',
    help: 'Guestbook messages created and deleted by this pod.',
    labelNames: ['operation'],
    registers: [registry],
  });
}
