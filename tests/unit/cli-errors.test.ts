import { ConfluenceError } from '../../src/adapters/confluence/errors';
import { describeFailure, networkReason, type FailureContext } from '../../src/cli/errors';

/** How the command line words failures it did not cause: network reasons and odd answers. */

const context: FailureContext = {
  siteLabel: 'https://dept.atlassian.net',
  auth: { kind: 'token', email: 'admin@dept.gov.uk', tokenEnv: 'CONFLUENCE_API_TOKEN' },
  doing: 'auditing DIG',
};

const systemError = (code: string, message: string): Error => Object.assign(new Error(message), { code });

describe('networkReason', () => {
  it('names a timeout, a refused connection and fetch-wrapped causes', () => {
    expect(networkReason(Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' }))).toBe('the request timed out');
    expect(networkReason(systemError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:9'))).toBe('connect ECONNREFUSED 127.0.0.1:9');
    expect(networkReason(new TypeError('fetch failed', { cause: systemError('ENOTFOUND', 'getaddrinfo ENOTFOUND dept.atlassian.net') }))).toBe('getaddrinfo ENOTFOUND dept.atlassian.net');
  });

  it('explains an untrusted certificate (TLS inspection) and a plain-HTTP port, not with OpenSSL text', () => {
    const inspected = networkReason(systemError('SELF_SIGNED_CERT_IN_CHAIN', 'self-signed certificate in certificate chain'));
    expect(inspected).toBe("the site's TLS certificate is not trusted (SELF_SIGNED_CERT_IN_CHAIN); behind TLS inspection, set NODE_EXTRA_CA_CERTS to your organisation's CA file");
    const plain = networkReason(systemError('ERR_SSL_WRONG_VERSION_NUMBER', '805CB37F:error:0A00010B:SSL routines:ssl3_get_record:wrong version number'));
    expect(plain).toBe('the TLS handshake failed (ERR_SSL_WRONG_VERSION_NUMBER): is this an https:// port?');
  });
});

describe('describeFailure', () => {
  it('says "slow down" for a 429 whatever kind the engine kept', () => {
    expect(describeFailure(new ConfluenceError('upstream', 429, 'GET … → 429'), context).message).toBe('Confluence kept asking us to slow down while auditing DIG (HTTP 429).');
  });

  it('does not call a site that answered unreachable: an unreadable 200 is named as such', () => {
    const error = describeFailure(new ConfluenceError('upstream', 200, 'GET /wiki/rest/api/content/search: unexpected response shape: results: expected array'), context);
    expect(error.message).toBe('Confluence sent an answer the audit cannot read while auditing DIG: unexpected response shape: results: expected array.');
    expect(error.hint).toBe('Check that --site is a Confluence Cloud site; run again with --debug for details.');
  });
});
