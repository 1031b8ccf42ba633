MODIFY kind ENUM('small','large','日本') NOT NULL, ADD UNIQUE KEY uk (grp, kind)
