ADD UNIQUE KEY c_uk (c(20))
