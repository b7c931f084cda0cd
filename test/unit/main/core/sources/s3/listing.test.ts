// Date-partitioned folders of S3 delivery layouts: where each folder is, its newest day, and the day arithmetic the
// lookback window starts from.
import { describe, expect, it } from 'vitest';
import { daysBefore, partitionsOf } from '../../../../../../src/main/core/sources/s3/listing';

const listed = (...keys: string[]) => keys.map((key) => ({ key, etag: 'e', size: 1, lastModified: undefined }));

describe('partitionsOf', () => {
  it('finds the folder above YYYY/MM/DD in CloudTrail and GitHub layouts, with its newest day', () => {
    expect(
      partitionsOf(
        listed(
          'AWSLogs/1/CloudTrail/us-east-1/2025/09/30/1_CloudTrail_us-east-1_20250930T0000Z_a.json.gz',
          'AWSLogs/1/CloudTrail/us-east-1/2025/10/02/1_CloudTrail_us-east-1_20251002T0000Z_b.json.gz',
          'AWSLogs/1/CloudTrail-Digest/us-east-1/2025/10/01/1_CloudTrail-Digest_us-east-1_t_us-east-1_20251001T000000Z.json.gz',
          'gh/2025/10/16/02/13/5c1e.json.log.gz',
          '2024/12/31/23/59/root.json.gz',
          'not/dated/file.ndjson',
          'looks/2025/13/40/not-a-date.json',
        ),
      ),
    ).toEqual({
      'AWSLogs/1/CloudTrail/us-east-1/': '2025/10/02',
      'AWSLogs/1/CloudTrail-Digest/us-east-1/': '2025/10/01',
      'gh/': '2025/10/16',
      '': '2024/12/31',
    });
  });
});

describe('daysBefore', () => {
  it.each([
    ['2025/10/02', 3, '2025/09/29'],
    ['2025/01/01', 1, '2024/12/31'],
    ['2024/03/01', 1, '2024/02/29'],
    ['2025/10/02', 0, '2025/10/02'],
  ])('%s minus %i days is %s', (day, days, expected) => {
    expect(daysBefore(day, days)).toBe(expected);
  });
});
