UPDATE t SET status = 'SHIPPED ', kind = 'large', note = 'small' WHERE id = {id}
UPDATE t SET status = 'Paid', kind = 'small', note = 'Large' WHERE id = {id}
UPDATE t SET status = '3' WHERE id = {id}
INSERT INTO t (id, status, kind, note) VALUES ({id}, 'nEw', 'large', 'SMALL') ON DUPLICATE KEY UPDATE status = NULL
DELETE FROM t WHERE id = {id}
