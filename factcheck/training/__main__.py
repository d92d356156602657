from factcheck.training.train import main

main()
