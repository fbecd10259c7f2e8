// The request signatures of kit/sign.ts against the worked examples the providers publish:
// Alibaba Cloud "Request syntax and signature method V3" (RunInstances, YourAccessKeySecret),
// Tencent Cloud "Signature v3" (cvm DescribeInstances at 1551113065) and Huawei Cloud "API
// Request Signing Guide" (GET .../vpcs/ at 20191115T033655Z). A wrong canonical form, key
// derivation or hex step changes these bytes.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { canonicalRequest, canonicalQuery, hmacHex, sha256Hex } from '../../firmware/providers/kit/sign';

const sha = (s: string) => createHash('sha256').update(Buffer.from(s, 'latin1')).digest('latin1');
const EMPTY = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

test('aliyun ACS3-HMAC-SHA256: the published RunInstances example', () => {
  const q = canonicalQuery(['RegionId', 'cn-shanghai', 'ImageId', 'win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd']);
  const creq = canonicalRequest(sha, 'POST', '/', q, [['host', 'ecs.cn-shanghai.aliyuncs.com'],
    ['x-acs-action', 'RunInstances'], ['x-acs-content-sha256', EMPTY], ['x-acs-date', '2023-10-26T10:22:32Z'],
    ['x-acs-signature-nonce', '3156853299f313e23d1673dc12e1703d'], ['x-acs-version', '2014-05-26']], '');
  assert.equal(sha256Hex(sha, creq), '7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259');
  assert.equal(hmacHex(sha, 'YourAccessKeySecret', 'ACS3-HMAC-SHA256\n' + sha256Hex(sha, creq)),
    '06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0');
});

test('dnspod3 TC3-HMAC-SHA256: the published cvm DescribeInstances example', () => {
  const body = '{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}';
  assert.equal(sha256Hex(sha, body), '35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064');
  const creq = canonicalRequest(sha, 'POST', '/', '', [['content-type', 'application/json; charset=utf-8'],
    ['host', 'cvm.tencentcloudapi.com']], body);
  assert.equal(sha256Hex(sha, creq), '5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031');
  const sts = 'TC3-HMAC-SHA256\n1551113065\n2019-02-25/cvm/tc3_request\n' + sha256Hex(sha, creq);
  const k = hmacHex(sha, hmacHex(sha, hmacHex(sha, 'TC3Gu5t9xGARNpq86cd98joQYCN3*******', '2019-02-25', true), 'cvm', true), 'tc3_request', true);
  assert.equal(hmacHex(sha, k, sts), '2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c');
});

test('huaweicloud SDK-HMAC-SHA256: the published GET vpcs example', () => {
  const q = canonicalQuery(['marker', '13551d6b-755d-4757-b956-536f674975c0', 'limit', '2']);
  const creq = canonicalRequest(sha, 'GET', '/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs/', q, [['content-type', 'application/json'],
    ['host', 'service.region.example.com'], ['x-sdk-date', '20191115T033655Z']], '');
  assert.equal(sha256Hex(sha, creq), 'b25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a');
  assert.equal(hmacHex(sha, 'MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc', 'SDK-HMAC-SHA256\n20191115T033655Z\n' + sha256Hex(sha, creq)),
    '7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe');
});
