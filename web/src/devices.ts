/// <reference lib="dom" />
import type { DeviceView } from '#use-cases/sign-in';
import { call } from './api.ts';
import { byId, h } from './dom.ts';

/*
 * "Signed-in devices": every browser holding a device session, with when it signed in (and how) and when it was last
 * used; sign out one of them, or all of them at once.
 */

type Devices = { devices: DeviceView[]; passkeys: number };

const when = (at: string, zone: string) =>
  new Date(at).toLocaleString('en-US', { timeZone: zone, weekday: 'short', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });

export interface DeviceHooks {
  zone: () => string;
  /** This browser was signed out (its own device, or everywhere). */
  onSignedOut: () => void;
  onError: (error: unknown) => void;
}

function deviceItem(device: DeviceView, hooks: DeviceHooks, reload: () => Promise<void>) {
  const button = h('button', { type: 'button', 'data-key': `device-${device.id}`, 'aria-label': `Sign out ${device.label}${device.current ? ' (this device)' : ''}` }, 'Sign out');
  button.addEventListener('click', () => {
    void call('DELETE', `auth/devices/${encodeURIComponent(device.id)}`)
      .then(async () => {
        byId('devices-status').textContent = `Signed out ${device.label}.`;
        if (device.current) hooks.onSignedOut();
        else await reload();
      })
      .catch(hooks.onError);
  });
  const how = device.method === 'passkey' ? 'with a passkey' : 'by a link';
  return h(
    'li',
    { class: 'device', 'data-device': device.id },
    h('h3', {}, device.label, device.current ? h('span', { class: 'badge' }, 'This device') : false),
    h('p', { class: 'help' }, `Signed in ${how} ${when(device.createdAt, hooks.zone())}; last used ${when(device.lastSeenAt, hooks.zone())}.`),
    button,
  );
}

export function setupDevices(hooks: DeviceHooks) {
  const reload = async () => {
    const { devices, passkeys } = await call<Devices>('GET', 'auth/session');
    const list = byId('device-list');
    list.replaceChildren(...devices.map((d) => deviceItem(d, hooks, reload)));
    if (devices.length === 0) list.append(h('li', { class: 'help' }, 'No browser is signed in by a link or a passkey.'));
    byId('passkey-count').textContent =
      passkeys === 0 ? 'No passkeys yet.' : `${passkeys} ${passkeys === 1 ? 'passkey' : 'passkeys'} can sign you in.`;
  };

  byId('devices-open').addEventListener('click', () => {
    byId('devices-status').textContent = '';
    void reload()
      .then(() => {
        byId('devices').hidden = false;
        byId('devices-title').focus();
      })
      .catch(hooks.onError);
  });
  byId('devices-close').addEventListener('click', () => {
    byId('devices').hidden = true;
    byId('devices-open').focus();
  });
  byId('sign-out-everywhere').addEventListener('click', () => {
    if (!window.confirm('Sign out every browser and phone signed in to Aftercare, this one included?')) return;
    void call('POST', 'auth/sign-out-everywhere').then(hooks.onSignedOut).catch(hooks.onError);
  });
}
