from insightrepo.cli import main

main()
