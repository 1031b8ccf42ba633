UPDATE t SET kind = 'large', note = '―{n}' WHERE id = {id}
INSERT INTO t VALUES ({id}, {id}, '日本', CONVERT(X'815F' USING sjis)) ON DUPLICATE KEY UPDATE kind = 'small'
DELETE FROM t WHERE id = {id}
