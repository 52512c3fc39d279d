CREATE TABLE bench_effects (sequence int PRIMARY KEY);
