import { DatabaseConnection, DatabaseVendor } from '@oms-platform/constructs';

// What the team's environments share, imported by each app without a file extension (as a compiled
// project would): the package's loader resolves it, which Node's own type stripping does not.
export const SHOP_IMAGE = 'registry.example.com/shop/om-app:10.0.2409.1-4f2a9c1';

export const shopDatabase = () =>
  DatabaseConnection.existing({
    vendor: DatabaseVendor.DB2,
    host: 'db2.shop.example.internal',
    database: 'OMDB',
    credentials: { secretName: 'oms-db' },
    egress: [{ cidr: '10.50.64.0/18', ports: [50000] }],
  });
