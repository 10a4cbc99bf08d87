/** Test module for the pool: exports no `tasks`, so a job of it must fail by name. */
export const notTasks = 1;
