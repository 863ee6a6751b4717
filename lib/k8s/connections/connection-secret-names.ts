/** Name of the Kubernetes Secret with the database credentials (keys: username, password, host, port, dbname). */
export const DATABASE_SECRET = 'database-credentials';
/** Name of the Kubernetes Secret with the cache AUTH token (key: token). */
export const CACHE_SECRET = 'cache-auth';
