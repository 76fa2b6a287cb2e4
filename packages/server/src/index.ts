// What other packages and scripts may use from the server package.
export { buildApp, routeModules, type BuildAppOptions } from './app.ts';
export { startServer, shutdown, type ServeOptions, type RunningServer } from './server.ts';
export { connectDatabase, type Database } from './db/connect.ts';
export { migrateDatabase } from './db/migrate.ts';
export { seedDemo, demoSeeders, type DemoSeeder } from './seed/demo.ts';
