import type { ContactStore } from '#ports/contact-store';

/** The health check: the database answers a read (of a contact point that does not exist). */
export async function checkHealth(deps: { contacts: ContactStore }): Promise<void> {
  await deps.contacts.get([{ channel: 'email', address: 'health-check' }]);
}
