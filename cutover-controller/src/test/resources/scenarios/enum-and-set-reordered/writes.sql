UPDATE t SET e = 'large', s = 'd,a' WHERE id = {id}
UPDATE t SET e = 'medium', s = '', e2 = 'x' WHERE id = {id}
INSERT INTO t (id, s) VALUES ({id}, 'b') ON DUPLICATE KEY UPDATE e2 = NULL
DELETE FROM t WHERE id = {id}
