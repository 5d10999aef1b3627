export * from './form';
export * from './texts';
export * from './next-step';
export * from './next-milestone';
