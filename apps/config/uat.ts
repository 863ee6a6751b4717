import { MessageBroker } from '../../lib';

/** What UAT (on EKS, in the development account) offers to environments that reuse it. */
export const UAT_IMAGE = 'registry.example.com/oms/om-app:10.0.2409.1-main-4f2a9c1';
/** The development database subnets (RDS). */
export const UAT_DB_EGRESS = { cidr: '10.20.64.0/20', ports: [5432], description: 'development RDS subnets' };
/** UAT's IBM MQ queue manager. */
export const UAT_MQ = MessageBroker.ibmMq({
  name: 'mq',
  adminUrl: 'https://mq.uat.internal:9443/ibmmq/rest/v2/admin/action/qmgr/OMSUAT/mqsc',
  credentials: { secretName: 'mq-admin' },
  queues: ['OMS.SCHEDULE.ORDER', 'OMS.RELEASE.ORDER', 'OMS.CREATE.ORDER'],
  egress: [{ cidr: '10.20.80.0/24', ports: [1414, 9443], description: 'IBM MQ listener and mqweb admin API' }],
});
