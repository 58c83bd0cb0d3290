-- Phase 2 (the LLM agent): each job's budget and what its model calls used, and each row's (document's) share.
-- agent_reserved_tokens holds the estimated size of calls in flight: a call is made only when used + reserved + its own
-- estimate fit in max_agent_tokens, in one conditional UPDATE, so concurrent workers cannot overspend. A NULL budget
-- (jobs created before this migration) is no limit.
ALTER TABLE jobs ADD COLUMN max_agent_calls {int} NULL;
ALTER TABLE jobs ADD COLUMN max_agent_tokens {bigint} NULL;
ALTER TABLE jobs ADD COLUMN agent_calls {int} NOT NULL DEFAULT 0;
ALTER TABLE jobs ADD COLUMN agent_input_tokens {bigint} NOT NULL DEFAULT 0;
ALTER TABLE jobs ADD COLUMN agent_output_tokens {bigint} NOT NULL DEFAULT 0;
ALTER TABLE jobs ADD COLUMN agent_reserved_tokens {bigint} NOT NULL DEFAULT 0;

ALTER TABLE job_rows ADD COLUMN agent_calls {int} NOT NULL DEFAULT 0;
ALTER TABLE job_rows ADD COLUMN agent_input_tokens {bigint} NOT NULL DEFAULT 0;
ALTER TABLE job_rows ADD COLUMN agent_output_tokens {bigint} NOT NULL DEFAULT 0;
