/**
 * `npm run db:seed`: seeds the demo community into a database that has no organization yet (the
 * same seed `npm start` runs with LAGEBILD_DEMO=true). Refuses on a database with data.
 */
import { seedDemoCommunity } from '../seed/seed.js';
import { EXIT, type OperatorCommand } from './operator-command.js';

export const seedCommand: OperatorCommand = {
  name: 'db:seed',
  async run(_argv, { database, config, out, err }) {
    const result = await seedDemoCommunity(database.db, config.demo.password);
    if (!result.seeded) {
      err('Datenbank enthält bereits Organisationen – Demo nicht angelegt / the database already has organizations; demo not seeded\n');
      return EXIT.failed;
    }
    out(`Demo-Gemeinschaft angelegt / demo community seeded: ${result.organizations} organizations, ${result.accounts.length} accounts\n`);
    out(result.passwordGenerated ? `Passwort / password (shown once): ${result.password}\n` : 'Passwort / password: the value of LAGEBILD_DEMO_PASSWORD\n');
    return EXIT.ok;
  },
};
