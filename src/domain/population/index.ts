export * from './import';
export * from './register';
