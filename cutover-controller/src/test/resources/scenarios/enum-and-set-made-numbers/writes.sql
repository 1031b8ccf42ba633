UPDATE t SET flag = '1', e1 = '2020', e2 = 'z', e3 = '1', e4 = '0', e5 = '2020', s1 = 'a,c', s2 = '1,4' WHERE id = {id}
UPDATE t SET flag = '0', e1 = '0', e2 = 'x', e3 = NULL, s1 = '', s2 = '2' WHERE id = {id}
INSERT INTO t (id, e1, e2, s1) VALUES ({id}, 'invalid', 'y', 'b') ON DUPLICATE KEY UPDATE e1 = '1', e2 = 'invalid', s2 = NULL
DELETE FROM t WHERE id = {id}
