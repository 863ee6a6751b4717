import {
  DatabaseVendor,
  agentJvmArgs,
  agentServerStart,
  agentStartupTest,
  appServerStart,
  dataSetupStart,
  isReadOnlyOmsApi,
  omsImageRole,
  omsJdbcUrl,
  omsSchema,
  renderJvmOptions,
  renderSystemOverrides,
} from '../../../lib/core';

const db = (vendor: DatabaseVendor, extra: object = {}) => ({
  vendor,
  host: 'h.example',
  port: vendor.defaultPort,
  database: 'OMDB',
  ...extra,
});

describe('JDBC URLs and schemas as OMS writes them', () => {
  test.each([
    ['Db2', db(DatabaseVendor.DB2), 'jdbc:db2://h.example:50000/OMDB', 'OMDB'],
    ['Db2 over TLS', db(DatabaseVendor.DB2, { ssl: true, port: 50001 }), 'jdbc:db2://h.example:50001/OMDB:sslConnection=true;', 'OMDB'],
    ["Oracle (by SID, as IBM's chart)", db(DatabaseVendor.ORACLE, { schema: 'OMS' }), 'jdbc:oracle:thin:@h.example:1521:OMDB', 'OMS'],
    ['PostgreSQL', db(DatabaseVendor.POSTGRESQL), 'jdbc:postgresql://h.example:5432/OMDB', undefined],
  ])('%s', (_name, input, url, schema) => {
    expect(omsJdbcUrl(input)).toBe(url);
    expect(omsSchema(input)).toBe(schema);
  });

  test('the pool is named after the vendor; Db2 alone gets dbname', () => {
    expect(renderSystemOverrides(db(DatabaseVendor.ORACLE, { schema: 'OMS' }))).toContain('jdbcService.oraclePool.dbvendor=Oracle\n');
    expect(renderSystemOverrides(db(DatabaseVendor.ORACLE, { schema: 'OMS' }))).not.toContain('.dbname=');
    expect(renderSystemOverrides(db(DatabaseVendor.POSTGRESQL))).toContain('jdbcService.postgresqlPool.password=$(dbpassword)\n');
  });
});

describe('image roles', () => {
  test.each([
    ['cp.icr.io/cp/ibm-oms-enterprise/om-app:10.0.2409.1-amd64', 'app'],
    ['registry.example.com/oms/om-app-isccs_sbc:10.0', 'app'],
    ['registry.example.com/oms/om-agent@sha256:' + 'a'.repeat(64), 'agent'],
    ['registry.example.com:5000/oms/om-agent:1', 'agent'],
    ['registry.example.com/acme/order-service:1.2', undefined],
  ])('%s is %s', (image, role) => {
    expect(omsImageRole(image)).toBe(role);
  });
});

describe('read-only APIs', () => {
  test.each([
    ['getOrderList', true],
    ['findInventory', true],
    ['checkItemAvailability', true],
    ['changeOrder', false],
    ['createOrder', false],
    ['getter', false],
    ['reserveAvailableInventory', false],
  ])('%s', (api, readOnly) => expect(isReadOnlyOmsApi(api)).toBe(readOnly));
});

describe('start commands keep values out of the script text', () => {
  test('agent: the JVM arguments and the server name are positional arguments', () => {
    const start = agentServerStart(agentJvmArgs({ minHeapMi: 512, maxHeapMi: 1024, extraArgs: ['-Dx=1'] }), 'ScheduleOrderServer');
    expect(start.args).toEqual(['-Xms512m -Xmx1024m -Dx=1', 'ScheduleOrderServer']);
    expect(start.command[2]).not.toContain('ScheduleOrderServer');
  });

  test('app server: the wrapper can be left out', () => {
    expect(appServerStart({ wrapper: '' }).args).toEqual(['/opt/ibm/wlp/bin/server', 'run', 'defaultServer']);
  });

  test('data setup: mode, fix pack, mediator and the marker patch as arguments', () => {
    expect(dataSetupStart({ mode: 'upgrade', fromFixPack: 7, mediator: 'oms-mediator', markerKey: 'datasetup.r1.complete' }).args).toEqual([
      'upgrade',
      '7',
      'oms-mediator',
      '{"data":{"datasetup.r1.complete":"true"}}',
      '/mediator',
      'datasetup.r1.complete',
      '',
    ]);
  });

  test("the agents' startup test uses IBM's pattern with the original case", () => {
    expect(agentStartupTest('ScheduleOrderServer', 10).slice(2)).toEqual([
      '/opt/ssfs/runtime/serverstate',
      'ScheduleOrderServer--ScheduleOrderServer_*',
      '10',
    ]);
  });

  test('jvm.options appends the user options one per line', () => {
    expect(
      renderJvmOptions({ minHeapMi: 1, maxHeapMi: 2, serverName: 's', extraArgs: ['-Da=1', '-Db=2'] })
        .split('\n')
        .slice(-3),
    ).toEqual(['-Da=1', '-Db=2', '']);
  });
});
