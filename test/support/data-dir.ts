import { openDatabase } from '../../server/platform/db/client.js';

/**
 * Creates the embedded database in `dataDir` as a first `npm start` would (migrated, empty): the
 * operator CLIs never create one themselves (issue 19).
 */
export async function prepareEmbeddedDatabase(dataDir: string): Promise<void> {
  const database = openDatabase({ driver: 'pglite', dataDir });
  try {
    await database.migrate();
  } finally {
    await database.close();
  }
}
