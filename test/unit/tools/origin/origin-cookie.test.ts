import { describe, it, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { startOrigin, type OriginServer } from '../../../../tools/origin/origin-server.ts';
import { missingRequiredCookie, validateFault } from '../../../../tools/origin/origin-fault.ts';

const SEGMENT = '/vod/hls-ts/360p/seg-00001.ts';
const PAGE = 'http://localhost:8200';

describe('origin server: requireCookie fault and /__origin/set-cookie', () => {
  let origin: OriginServer;
  before(async () => {
    origin = await startOrigin({ port: 0 });
  });
  after(() => origin.close());
  beforeEach(() => origin.setFault(null));

  it('refuses segments without the cookie (403) and serves them with it; manifests stay open', async () => {
    origin.setFault({ requireCookie: 'cdn-auth=ok' });
    assert.equal((await fetch(origin.url + SEGMENT)).status, 403);
    assert.equal((await fetch(origin.url + SEGMENT, { headers: { cookie: 'cdn-auth=wrong' } })).status, 403);
    assert.equal((await fetch(origin.url + SEGMENT, { headers: { cookie: 'a=1; cdn-auth=ok' } })).status, 200);
    assert.equal((await fetch(`${origin.url}/vod/hls-ts/master.m3u8`)).status, 200);
  });

  it('answers with credentialed CORS (echoed Origin, Allow-Credentials) while a cookie is required, * otherwise', async () => {
    origin.setFault({ requireCookie: 'cdn-auth' });
    for (const init of [{ headers: { origin: PAGE } }, { method: 'OPTIONS', headers: { origin: PAGE, 'access-control-request-method': 'GET' } }]) {
      const response = await fetch(origin.url + SEGMENT, init);
      assert.equal(response.headers.get('access-control-allow-origin'), PAGE);
      assert.equal(response.headers.get('access-control-allow-credentials'), 'true');
      assert.match(response.headers.get('vary') ?? '', /Origin/);
    }
    origin.setFault(null);
    const plain = await fetch(origin.url + SEGMENT, { headers: { origin: PAGE } });
    assert.equal(plain.headers.get('access-control-allow-origin'), '*');
    assert.equal(plain.headers.get('access-control-allow-credentials'), null);
  });

  it('/__origin/set-cookie sets (and with an empty value clears) cookies with credentialed CORS', async () => {
    const response = await fetch(`${origin.url}/__origin/set-cookie?cdn-auth=ok&old=`, { headers: { origin: PAGE } });
    assert.equal(response.status, 200);
    assert.deepEqual(response.headers.getSetCookie(), ['cdn-auth=ok; Path=/; SameSite=Lax', 'old=; Path=/; SameSite=Lax; Max-Age=0']);
    assert.equal(response.headers.get('access-control-allow-origin'), PAGE);
    assert.equal(response.headers.get('access-control-allow-credentials'), 'true');
  });

  it('validates requireCookie and matches cookie names exactly', () => {
    assert.throws(() => validateFault({ requireCookie: 'a b' }), /requireCookie/);
    assert.throws(() => validateFault({ requireCookie: 7 }), /requireCookie/);
    assert.deepEqual(validateFault({ requireCookie: 'token=x' }), { requireCookie: 'token=x' });
    assert.equal(missingRequiredCookie({ requireCookie: 'token' }, 'xtoken=1'), true);
    assert.equal(missingRequiredCookie({ requireCookie: 'token' }, 'token='), false);
    assert.equal(missingRequiredCookie({ requireCookie: 'token=a=b' }, 'token=a=b'), false);
  });
});
