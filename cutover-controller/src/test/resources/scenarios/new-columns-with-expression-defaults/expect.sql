SELECT COUNT(*) = 0 FROM t WHERE u <> 'uuu' OR created IS NULL OR ten <> 10 OR d5 <> 5
