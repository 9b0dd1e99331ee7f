/// <reference lib="dom" />
import { api, ApiError, type ClientMatch, type FieldProblem, type SessionView, type Settings } from './api.ts';
import { byId, h } from './dom.ts';
import { clientTime, dateToZonedLocal, displayPhone, shortDate, zoneCity, zonedLocalToDate } from './format.ts';
import { COMMON_ZONES, resolveZone, zoneName, zoneOptions } from './zones.ts';

/** Which element shows the API's problem for a field (the rest go above the form). */
const PROBLEM_TARGETS: Record<string, string> = {
  'client.name': 'f-name',
  'client.phone': 'f-phone',
  'client.email': 'f-email',
  'client.timezone': 'f-timezone',
  'client.language': 'f-language',
  modality: 'f-modality',
  endedAt: 'f-ended',
  consent: 'f-consent',
  'consent.sms': 'f-consent',
  'consent.email': 'f-consent',
  'consent.wordingVersion': 'f-consent',
};
const ALL_TARGETS = [...new Set(Object.values(PROBLEM_TARGETS)), 'form'];

export interface SessionFormHooks {
  settings: () => Settings;
  onSaved: (session: SessionView) => void;
  onError: (error: unknown) => void;
}

const ZONE_UNKNOWN = 'We do not know that time zone. Type the client’s city, like Tokyo or London, and pick it from the list.';

/** Every IANA zone the browser knows (the practice's alone in a browser too old to list them). */
const allZones = (): readonly string[] =>
  typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : COMMON_ZONES;

const newKey = () =>
  typeof crypto.randomUUID === 'function'
    ? crypto.randomUUID()
    : Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');

/**
 * The "new session" form: a few taps for a finished session. A returning client is offered as soon as the name or
 * number matches; the API's validation messages appear beside their fields, in its words.
 */
export function setupSessionForm(hooks: SessionFormHooks) {
  const form = byId<HTMLFormElement>('session-form');
  const name = byId<HTMLInputElement>('f-name');
  const phone = byId<HTMLInputElement>('f-phone');
  const email = byId<HTMLInputElement>('f-email');
  const modality = byId<HTMLInputElement>('f-modality');
  const timezone = byId<HTMLInputElement>('f-timezone');
  const endedAt = byId<HTMLInputElement>('f-ended-at');
  const endedOther = byId('ended-other');
  const consentSms = byId<HTMLInputElement>('f-consent-sms');
  const consentEmail = byId<HTMLInputElement>('f-consent-email');
  const matches = byId('matches');
  const saved = byId('saved');
  const save = byId<HTMLButtonElement>('save');
  const optedOutNote = byId('consent-opted-out');
  const duplicate = byId('duplicate');
  const languageOf = () => (byId<HTMLInputElement>('f-language-es').checked ? 'es' : 'en');
  const setLanguage = (language: string | undefined) => {
    byId<HTMLInputElement>(language === 'es' ? 'f-language-es' : 'f-language-en').checked = true;
  };

  // One key per session being entered: a double tap or a retry after a network error cannot create a second one.
  let idempotencyKey: string | undefined;
  let searchTimer: ReturnType<typeof setTimeout> | undefined;
  let lastSearch = '';

  const endedChoice = () => form.querySelector<HTMLInputElement>('input[name="ended"]:checked')?.value ?? '0';

  function showProblems(problems: FieldProblem[]) {
    const byTarget = new Map<string, string[]>();
    for (const problem of problems) {
      const target = PROBLEM_TARGETS[problem.field] ?? 'form';
      // The API's words, never its field names: they are for programs.
      byTarget.set(target, [...(byTarget.get(target) ?? []), problem.message]);
    }
    for (const target of ALL_TARGETS) {
      const messages = byTarget.get(target);
      const slot = byId(`${target}-problem`);
      slot.textContent = messages?.join('; ') ?? '';
      slot.hidden = !messages;
      const control = document.getElementById(target);
      if (control && target !== 'form') {
        if (messages) control.setAttribute('aria-invalid', 'true');
        else control.removeAttribute('aria-invalid');
      }
    }
    if (byTarget.has('f-timezone')) byId<HTMLDetailsElement>('more').open = true;
    const first = ALL_TARGETS.find((t) => byTarget.has(t));
    if (first === 'f-ended' || first === 'f-consent') byId(first).querySelector<HTMLInputElement>('input')?.focus();
    else if (first === 'form') byId('form-problem').focus();
    else if (first) byId(first).focus();
  }

  function endedAtValue(): string | undefined | null {
    const choice = endedChoice();
    // "Now" is left to the server's clock, so a wrong clock on the phone cannot move the follow-ups.
    if (choice === '0') return undefined;
    if (choice === 'other') {
      const date = zonedLocalToDate(endedAt.value, hooks.settings().timezone);
      return date ? date.toISOString() : null;
    }
    return new Date(Date.now() - Number(choice) * 60_000).toISOString();
  }

  function fill(client: ClientMatch) {
    name.value = client.name;
    phone.value = client.phone ? displayPhone(client.phone) : '';
    email.value = client.email ?? '';
    timezone.value = client.timezone;
    setLanguage(client.language);
    showZone();
    // A channel the client opted out of is never ticked for them: they said STOP, and only they can undo it.
    consentSms.checked = Boolean(client.phone) && !client.optedOut?.sms;
    consentEmail.checked = Boolean(client.email) && !client.optedOut?.email;
    const stopped = [client.optedOut?.sms && 'texts (they replied STOP; START turns them back on)', client.optedOut?.email && 'emails (they unsubscribed)'].filter(Boolean);
    optedOutNote.textContent = stopped.length > 0 ? `${client.firstName} opted out of ${stopped.join(' and ')}, so that box is not ticked.` : '';
    optedOutNote.hidden = stopped.length === 0;
    matches.replaceChildren(h('p', { class: 'help' }, `Returning client: details of ${client.name} filled in.`));
    lastSearch = '';
    idempotencyKey = undefined;
    modality.focus();
  }

  function showMatches(found: ClientMatch[], query: string) {
    if (query !== lastSearch) return;
    const settings = hooks.settings();
    if (found.length === 0) {
      matches.replaceChildren();
      return;
    }
    matches.replaceChildren(
      h('p', { class: 'help', id: 'matches-title' }, 'Returning client?'),
      h(
        'ul',
        { class: 'plain match-list', 'aria-labelledby': 'matches-title' },
        ...found.slice(0, 5).map((client) => {
          const button = h(
            'button',
            { type: 'button', class: 'match' },
            h('strong', {}, `Use ${client.name}`),
            h(
              'span',
              {},
              [client.phone && displayPhone(client.phone), client.email, `last ${shortDate(client.lastSessionAt, settings.timezone)}`]
                .filter(Boolean)
                .join(' · '),
            ),
          );
          button.addEventListener('click', () => fill(client));
          return h('li', {}, button);
        }),
      ),
    );
  }

  function searchSoon(text: string) {
    clearTimeout(searchTimer);
    const query = text.trim();
    const usable = query.replace(/\D/g, '').length >= 7 || (/[a-z]/i.test(query) && query.length >= 2);
    lastSearch = usable ? query : '';
    if (!usable) {
      matches.replaceChildren();
      return;
    }
    searchTimer = setTimeout(() => {
      api.findClients(query).then((found) => showMatches(found, query), hooks.onError);
    }, 250);
  }

  /** Under the field, the zone in words ("Tokyo (Japan Standard Time)"), or nothing while it is not one we know. */
  function showZone() {
    const zone = timezone.value.trim() ? resolveZone(timezone.value, allZones()) : undefined;
    byId('zone-name').textContent = zone ? `${zoneName(zone)}: quiet hours and the times on the page follow this zone.` : '';
  }

  timezone.addEventListener('input', showZone);
  timezone.addEventListener('change', () => {
    const zone = resolveZone(timezone.value, allZones());
    if (zone) timezone.value = zone;
    showZone();
  });
  name.addEventListener('input', () => searchSoon(name.value));
  phone.addEventListener('input', () => searchSoon(phone.value));
  form.addEventListener('input', () => {
    idempotencyKey = undefined;
    saved.textContent = '';
    duplicate.hidden = true;
  });
  form.addEventListener('change', (event) => {
    if (!(event.target instanceof HTMLInputElement) || event.target.name !== 'ended') return;
    const other = endedChoice() === 'other';
    endedOther.hidden = !other;
    if (other && !endedAt.value) endedAt.value = dateToZonedLocal(new Date(), hooks.settings().timezone);
  });

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submit(false);
  });
  byId('duplicate-add').addEventListener('click', () => submit(true));
  byId('duplicate-keep').addEventListener('click', () => {
    duplicate.hidden = true;
    form.reset();
    setLanguage(hooks.settings().defaultLanguage);
    saved.textContent = 'Kept the first session; nothing new was sent.';
    saved.focus();
  });

  /** Saves the form; `force`: the therapist said to add a second session for a client who has one within 12 h. */
  function submit(force: boolean) {
    if (save.disabled) return;
    const settings = hooks.settings();
    const ended = endedAtValue();
    if (ended === null) {
      showProblems([{ field: 'endedAt', message: 'needs a date and time' }]);
      return;
    }
    const clientZone = timezone.value.trim() ? resolveZone(timezone.value, allZones()) : settings.timezone;
    if (!clientZone) {
      showProblems([{ field: 'client.timezone', message: ZONE_UNKNOWN }]);
      return;
    }
    const body = {
      client: {
        name: name.value,
        ...(phone.value.trim() ? { phone: phone.value } : {}),
        ...(email.value.trim() ? { email: email.value } : {}),
        timezone: clientZone,
        language: languageOf(),
      },
      ...(ended ? { endedAt: ended } : {}),
      ...(modality.value.trim() ? { modality: modality.value } : {}),
      consent: { sms: consentSms.checked, email: consentEmail.checked, wordingVersion: settings.consentWordingVersion },
      ...(force ? { force: true } : {}),
    };
    // "Add another" is a new session, so a new key; a retry of the same submit keeps its key.
    if (force) idempotencyKey = undefined;
    idempotencyKey ??= newKey();
    duplicate.hidden = true;
    save.disabled = true;
    save.textContent = 'Saving…';
    api
      .enterSession(body, idempotencyKey)
      .then((session) => {
        showProblems([]);
        idempotencyKey = undefined;
        if (session.duplicateOf) {
          // The same client within 12 h: nothing was entered or sent; the therapist decides.
          const from = new Date(session.endedAt).toLocaleTimeString('en-US', { hour: 'numeric', minute: '2-digit', timeZone: settings.timezone });
          byId('duplicate-text').textContent = `${session.client.firstName} already has a session from ${from} — add another?`;
          duplicate.hidden = false;
          byId('duplicate-add').focus();
          return;
        }
        form.reset();
        setLanguage(settings.defaultLanguage);
        optedOutNote.hidden = true;
        endedOther.hidden = true;
        timezone.value = settings.timezone;
        showZone();
        matches.replaceChildren();
        const first = session.followUps.find((f) => f.status === 'scheduled' || f.status === 'deferred');
        saved.textContent = `Saved ${session.client.name}'s session.${
          first ? ` First follow-up ${clientTime(first.sendAt, session.client.timezone, settings.timezone)}.` : ' No follow-up is left to send.'
        }`;
        saved.focus();
        hooks.onSaved(session);
      })
      .catch((error: unknown) => {
        if (error instanceof ApiError && error.status === 400) {
          showProblems(error.problems.length > 0 ? error.problems : [{ field: 'form', message: error.message }]);
          // The key stored nothing: the corrected form may reuse it.
        } else if (error instanceof ApiError) {
          showProblems([{ field: 'form', message: error.message }]);
          if (error.status === 409) idempotencyKey = undefined;
        } else hooks.onError(error);
      })
      .finally(() => {
        save.disabled = false;
        save.textContent = 'Save session';
      });
  }

  return {
    /** Shows the consent wording (recorded with its version) and the practice's zone. */
    applySettings(settings: Settings) {
      byId('consent-wording').textContent = settings.consentWording;
      byId('consent-version').textContent = `Wording version ${settings.consentWordingVersion}, recorded with the consent.`;
      byId('practice-zone').textContent = zoneCity(settings.timezone);
      if (!timezone.value) timezone.value = settings.timezone;
      const zones = byId('zones');
      if (zones.childElementCount === 0) {
        // The first settings: the practice's default language for a new client.
        setLanguage(settings.defaultLanguage);
        const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
        zones.replaceChildren(...zoneOptions(allZones(), browserZone).map((zone) => h('option', { value: zone.value, label: zone.label })));
        if (browserZone && browserZone !== settings.timezone && allZones().includes(browserZone)) {
          byId('zone-suggestion').textContent = `This device is set to ${zoneName(browserZone)}.`;
        }
      }
      showZone();
    },
  };
}
