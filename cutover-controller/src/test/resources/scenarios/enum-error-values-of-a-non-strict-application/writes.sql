UPDATE t SET e = 'cancelled', f = 'nope', v = '{s}' WHERE id = {id}
UPDATE t SET e = 'paid', f = 'y', g = 'b' WHERE id = {id}
INSERT INTO t (id, e, f, g, v) VALUES ({id}, 'bogus', 'x', 'zz', '{s}') ON DUPLICATE KEY UPDATE e = 'shipped', g = 'unknown'
UPDATE t SET g = 'wrong' WHERE id = {id}
DELETE FROM t WHERE id = {id}
