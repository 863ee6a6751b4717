import { formatProblem } from '../../../lib/core';
import { WaitCondition } from '../../../lib/k8s/primitives/wait-condition';

const IMAGE = 'registry.example.com/tools/curl:8.10.1';

describe('WaitCondition inputs', () => {
  const cases: [string, WaitCondition, string[]][] = [
    [
      'a URL curl would read as an option',
      WaitCondition.httpReady({ url: '--config=/etc/passwd', image: IMAGE }),
      [
        'waitFor[0].url must be an http:// or https:// URL without spaces (received "--config=/etc/passwd"). Fix: give an http:// or https:// URL, e.g. "http://app-server:9080/"',
      ],
    ],
    [
      'a URL with a space',
      WaitCondition.httpReady({ url: 'http://app server:9080/', image: IMAGE }),
      [
        'waitFor[0].url must be an http:// or https:// URL without spaces (received "http://app server:9080/"). Fix: give an http:// or https:// URL, e.g. "http://app-server:9080/"',
      ],
    ],
    [
      'a mediator that is not a ConfigMap name, and a key with a slash',
      WaitCondition.dataSetupComplete({ mediator: 'OMS_Mediator', markerKey: 'a/b' }),
      [
        expect.stringMatching(/^waitFor\[0\]\.mediator must .* \(received "OMS_Mediator"\)\. Fix: name the mediator ConfigMap/),
        'waitFor[0].markerKey must be a ConfigMap key: 1 to 253 letters, digits, "-", "_" and ".", not "." or ".." (received "a/b"). Fix: use a key such as OmsDataSetup.markerKey(release)',
      ] as unknown as string[],
    ],
  ];
  test.each(cases)('%s', (_name, condition, expected) => {
    expect(condition.validate('waitFor[0]').map(formatProblem)).toEqual(expected);
  });

  test('valid inputs pass', () => {
    expect(WaitCondition.httpReady({ url: 'http://app-server:9080/smcfs/heartbeat/heartbeat.jsp', image: IMAGE }).validate('w')).toEqual(
      [],
    );
    expect(WaitCondition.dataSetupComplete({ mediator: 'oms-mediator', markerKey: 'datasetup.complete' }).validate('w')).toEqual([]);
  });
});
