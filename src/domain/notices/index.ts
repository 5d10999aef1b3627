export * from './form';
export * from './texts';
