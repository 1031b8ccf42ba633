UPDATE t SET size = '1,000+', e = 'x, y', v = 'a,b', s = 'it''s,Müller' WHERE id = {id}
UPDATE t SET size = '51-1,000', e = 'C:\\temp', v = 'b\\c', s = 'a\\b' WHERE id = {id}
INSERT INTO t (id, e, v, s) VALUES ({id}, 'l1\nl2', 'c''d', 'read,a\\b') ON DUPLICATE KEY UPDATE e = 'it''s', v = NULL, s = ''
UPDATE t SET e = '', size = '11-50' WHERE id = {id}
DELETE FROM t WHERE id = {id}
